// Masking of personal data for labels and ordinary responses (GB/T 41833-2022 asks that labels
// hide part of the recipient's name, phone and address).

/** Keeps the first character and hides the rest: 张三丰 → 张**, Alice → A****. At least one hidden. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return '*';
  return chars[0] + '*'.repeat(chars.length - 1);
}

/**
 * Hides at least 6 digits, and all but 5 of a longer number: keeps up to the first 3 and the last
 * 2 (138******00). Numbers of 6 digits or fewer are hidden entirely.
 */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length <= 6) return '*'.repeat(Math.max(digits.length, 1));
  const hidden = Math.max(6, digits.length - 5);
  const keepStart = Math.min(3, digits.length - hidden);
  const keepEnd = digits.length - hidden - keepStart;
  return digits.slice(0, keepStart) + '*'.repeat(hidden) + (keepEnd > 0 ? digits.slice(-keepEnd) : '');
}

// Where the house, building, unit or room part of a one-line address starts: the first digit
// (ASCII or full-width), a Chinese-numeral run followed by a building/unit/room word, or an
// English unit word.
const HOUSE_PART = [
  /[0-9０-９]/,
  /[〇零一二三四五六七八九十百千两]+(?:号|號|栋|幢|座|单元|單元|层|層|楼|樓|室|户|戶)/,
  /\b(?:room|flat|apt|apartment|unit|suite|floor|building|bldg)\b/i,
];

/** Keeps the administrative levels and the street, hides building/unit/room. */
export function maskAddress(
  address: { province?: string; city?: string; district?: string; street: string; detail?: string } | string,
): string {
  if (typeof address === 'string') {
    // A one-line address: hide everything from the house/unit/room number on. When the line starts
    // with one, nothing before it is safe to show.
    const cuts = HOUSE_PART.map((re) => address.search(re)).filter((i) => i >= 0);
    if (cuts.length === 0) return address;
    const cut = Math.min(...cuts);
    return cut > 0 ? `${address.slice(0, cut)}****` : '****';
  }
  return (
    [address.province, address.city, address.district, address.street].filter(Boolean).join('') + (address.detail ? ' ****' : '')
  );
}
