// Tests that share an app must not depend on each other's order: the clock is put back where it
// stood before the first test, before every test.
import type { TestApp } from './app';

export function resetClockBeforeEach(app: () => TestApp | undefined): void {
  let start: Date | null = null;
  beforeEach(() => {
    const t = app();
    if (!t) return;
    if (start === null) start = t.clock.now();
    else t.clock.set(start);
  });
}
