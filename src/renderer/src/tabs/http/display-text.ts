// A textarea cannot hold a bare CR (its value normalises line breaks to LF), so the editors show each CR byte as a
// visible mark and turn it back into CR on every edit: what is shown and what is sent stay the same bytes. The mark is
// ↵ because common fonts have it (␍, U+240D, is missing from many, which would show an empty box); ␍ typed or pasted
// is read as a CR too.
export const CR_MARK = '↵'
export const toDisplay = (raw: string): string => raw.replaceAll('\r', CR_MARK)
export const fromDisplay = (shown: string): string => shown.replace(/[↵␍]/g, '\r')
