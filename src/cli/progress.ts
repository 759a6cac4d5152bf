// A one-line progress bar on stderr (a line every few seconds when stderr is not a terminal).
export function progressPrinter(label: string, total: number | undefined) {
  const started = Date.now();
  let lastLine = 0;
  const tty = process.stderr.isTTY;
  return (
    progress: { bytesRead: number; rowsRead: number; rowsAccepted: number; rowsRejected: number },
    done = false,
  ) => {
    const now = Date.now();
    if (!done && !tty && now - lastLine < 5000) return;
    lastLine = now;
    const seconds = Math.max((now - started) / 1000, 0.001);
    const ratio = total ? Math.min(progress.bytesRead / total, 1) : undefined;
    const width = 30;
    const bar =
      ratio === undefined
        ? ''
        : `[${'#'.repeat(Math.round(ratio * width)).padEnd(width, ' ')}] ${(ratio * 100).toFixed(0).padStart(3)}% `;
    const line = `${label} ${bar}${progress.rowsRead.toLocaleString('en-US')} rows, ${progress.rowsAccepted.toLocaleString('en-US')} accepted, ${progress.rowsRejected.toLocaleString('en-US')} rejected, ${Math.round(progress.rowsRead / seconds).toLocaleString('en-US')} rows/s`;
    process.stderr.write(tty ? `\r${line}${done ? '\n' : ''}` : `${line}\n`);
  };
}
