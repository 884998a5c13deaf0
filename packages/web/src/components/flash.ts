/** A one-shot message for the next page (e.g. "User created" after the create form navigates away). */
let pending: string | undefined;

export function setFlash(message: string): void {
  pending = message;
}

export function peekFlash(): string | undefined {
  return pending;
}

export function clearFlash(): void {
  pending = undefined;
}
