/**
 * The deadline of one vendor call, or of a credential loader, as a signal that lets go of its timer when the call ends.
 * @internal
 * @packageDocumentation
 */

/**
 * A signal that aborts at the deadline or with `outer` (the engine's Cancel), and a release that ends both ties once
 * the call is over. Not `AbortSignal.timeout` + `AbortSignal.any`: each such timer and signal lived on until the
 * deadline (ten minutes by default) after its call had ended, so every status poll of a long wait added one, and a
 * stack of 1,000 cancellations held over 2,000 of them (the plugin's heap snapshot; `npm run bench`, scenario 4).
 */
export function untilDeadline(
  ms: number,
  outer: AbortSignal | undefined,
): { signal: AbortSignal; release: () => void } {
  const controller = new AbortController();
  const timer = setTimeout(() => {
    controller.abort(new DOMException("the operation's deadline passed", "TimeoutError"));
  }, ms);
  // A deadline alone never keeps the process up (AbortSignal.timeout's timer does not either).
  timer.unref();
  const onAbort = () => {
    controller.abort(outer?.reason);
  };
  if (outer?.aborted === true) onAbort();
  else outer?.addEventListener("abort", onAbort, { once: true });
  return {
    signal: controller.signal,
    release: () => {
      clearTimeout(timer);
      outer?.removeEventListener("abort", onAbort);
    },
  };
}
