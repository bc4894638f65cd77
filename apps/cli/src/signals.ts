let requested = false;
let listeners = 0;
const onSigint = (): void => {
  if (requested) process.exit(130);
  requested = true;
};

/** Ctrl-C handling: the first Ctrl-C asks the search to stop and report; the second exits. */
export function interruption(): {
  requested: () => boolean;
  wasRequested: () => boolean;
  dispose: () => void;
} {
  if (listeners++ === 0) process.on('SIGINT', onSigint);
  let disposed = false;
  return {
    requested: () => requested,
    wasRequested: () => requested,
    dispose: () => {
      if (disposed) return;
      disposed = true;
      if (--listeners === 0) process.off('SIGINT', onSigint);
    },
  };
}
