/**
 * After an in-app navigation, focus goes to the new screen's <h1>, so screen-reader and
 * keyboard users start at the top of what changed (not at the link they left).
 * The layout arms it on navigation; the next heading to mount takes it.
 */
let armed = false;

export function armHeadingFocus(): void {
  armed = true;
}

export function takeHeadingFocus(): boolean {
  const was = armed;
  armed = false;
  return was;
}
