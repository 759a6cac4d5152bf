// Saving a file the API answered (fetched with the session and the sandbox) on the user's disk.
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has taken the file once the click is handled; a moment later the URL can go.
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
