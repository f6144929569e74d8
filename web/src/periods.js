// Timeline periods ("2024-09-12", "2024-09", "2024-W37", "2024") as [start, end) UTC dates.

const DAY_MS = 86400000;

function isoWeekStart(year, week) {
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const monday = new Date(jan4.getTime() - ((jan4.getUTCDay() + 6) % 7) * DAY_MS);
  return new Date(monday.getTime() + (week - 1) * 7 * DAY_MS);
}

function addMonths(d, n) {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1));
}

/** [start, end) of a period label for the timeline's `freq` (day, week or month). */
export function periodRange(period, freq) {
  const p = String(period);
  let m = p.match(/^(\d{4})-W(\d{1,2})/);
  if (m) {
    const start = isoWeekStart(+m[1], +m[2]);
    return [start, new Date(start.getTime() + 7 * DAY_MS)];
  }
  m = p.match(/^(\d{4})-(\d{2})-(\d{2})/);
  if (m) {
    const start = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
    if (freq === "month") return [start, addMonths(start, 1)];
    const days = freq === "week" ? 7 : 1;
    return [start, new Date(start.getTime() + days * DAY_MS)];
  }
  m = p.match(/^(\d{4})-(\d{2})$/);
  if (m) {
    const start = new Date(Date.UTC(+m[1], +m[2] - 1, 1));
    return [start, addMonths(start, 1)];
  }
  m = p.match(/^(\d{4})$/);
  if (m) return [new Date(Date.UTC(+m[1], 0, 1)), new Date(Date.UTC(+m[1] + 1, 0, 1))];
  return null;
}

/** YYYY-MM-DD of a UTC date. */
export const isoDay = (d) => d.toISOString().slice(0, 10);

/** The inclusive last day of a [start, end) range. */
export const lastDay = (end) => isoDay(new Date(end.getTime() - DAY_MS));
