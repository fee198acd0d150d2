/** A year from today: within the longest mandate (3 years). */
export const NEXT_YEAR = new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10);
