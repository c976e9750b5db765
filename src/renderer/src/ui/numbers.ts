// A count as a reader wants it, 1,234, written out: the first Intl formatter a page makes (toLocaleString) loads
// locale data, ~30 ms inside whichever task first shows a number, and views of thousands of rows cannot spare that.
export const grouped = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
