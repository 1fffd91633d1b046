// A test thread: spins for `spinMs` of CPU (ignoring every signal, like a hostile file in a parser would),
// then answers `value` doubled.
export default function busyThread({ spinMs, value }: { spinMs: number; value: number }): number {
  const until = Date.now() + spinMs;
  while (Date.now() < until) {
    // busy on purpose
  }
  return value * 2;
}
