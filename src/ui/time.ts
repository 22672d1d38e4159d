// The one way times are shown (tree, tooltips, status bar, revision titles, picks).

const pad = (n: number) => String(n).padStart(2, '0');

/** "2024-03-04 17:02" in local time; the ISO text itself when it does not parse; `missing` when absent. */
export function formatTime(iso: string | undefined, missing = 'unknown time'): string {
  if (!iso) return missing;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
