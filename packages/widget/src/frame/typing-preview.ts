/**
 * `livechat.typingPreview` (a privacy choice, off by default): while it is on, the visitor's draft goes to
 * the agents as it is written, at most one frame every `everyMs` (the latest text wins), and '' once it is
 * sent or emptied. While it is off nothing is sent at all: `enabled` is asked before every frame.
 */
export class TypingPreview {
  private latest = '';
  private sent = '';
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly send: (text: string) => void,
    private readonly enabled: () => boolean,
    private readonly everyMs = 400,
  ) {}

  /** The draft changed. */
  write(text: string): void {
    this.latest = text.slice(0, 2000);
    if (this.timer) return;
    this.flush();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.latest !== this.sent) this.write(this.latest);
    }, this.everyMs);
  }

  /** Sent or left: the agents' preview empties (when there was one). */
  clear(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.latest = '';
    this.flush();
  }

  private flush(): void {
    if (this.latest === this.sent) return;
    if (!this.enabled()) {
      // Turned off meanwhile: whatever was shown is not kept up to date, and nothing new goes.
      this.sent = this.latest = '';
      return;
    }
    this.sent = this.latest;
    this.send(this.latest);
  }
}
