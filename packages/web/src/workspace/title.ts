/**
 * The tab title carries what waits for the user, `(3) Conversations · Parley`, whatever page set the rest:
 * pages keep setting `document.title` as before and the count is put back in front.
 */

const COUNT = /^\(\d+\) /;

/** The title with the count in front (none when 0), whatever count it carried before. */
export function titleWithCount(title: string, count: number): string {
  const base = title.replace(COUNT, '');
  return count > 0 ? `(${count}) ${base}` : base;
}

/** Keeps the count in the title as pages change it; returns a function that sets the count. */
export function watchTitle(): { set(count: number): void; stop(): void } {
  let count = 0;
  const apply = () => {
    const next = titleWithCount(document.title, count);
    if (next !== document.title) document.title = next;
  };
  // A page setting its title replaces the <title>'s text; the observer puts the count back.
  const observer = new MutationObserver(apply);
  observer.observe(document.head, { subtree: true, childList: true, characterData: true });
  return {
    set(n) {
      count = n;
      apply();
    },
    stop() {
      observer.disconnect();
      count = 0;
      apply();
    },
  };
}
