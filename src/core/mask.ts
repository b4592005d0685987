// Masking of personal data for labels and ordinary responses (GB/T 41833-2022 asks that labels
// hide part of the recipient's name, phone and address).

/** Keeps the first character and hides the rest: 张三丰 → 张**, Alice → A****. At least one hidden. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return '*';
  return chars[0] + '*'.repeat(chars.length - 1);
}

/** Hides all but the first 3 and last 2 digits (at least 6 hidden for an 11-digit mobile). */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length <= 5) return '*'.repeat(Math.max(digits.length, 1));
  const hidden = Math.max(6, digits.length - 5);
  const keepEnd = Math.max(0, digits.length - 3 - hidden);
  return digits.slice(0, 3) + '*'.repeat(hidden) + (keepEnd ? digits.slice(-keepEnd) : '');
}

/** Keeps the administrative levels and the street, hides building/unit/room. */
export function maskAddress(
  address: { province?: string; city?: string; district?: string; street: string; detail?: string } | string,
): string {
  if (typeof address === 'string') {
    // A one-line address: hide the digits after the street (house, unit, room numbers).
    const cut = address.search(/\d/);
    return cut > 0 ? `${address.slice(0, cut)}****` : address;
  }
  return (
    [address.province, address.city, address.district, address.street].filter(Boolean).join('') + (address.detail ? ' ****' : '')
  );
}
