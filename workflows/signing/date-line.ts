/**
 * The date line of a document (Decree 30/2020/NĐ-CP Appendix I §II.4.b): "Long An, ngày 03 tháng 3 năm
 * 2026". Days below 10 and the months 1 and 2 are written with a leading zero ("ngày 05 tháng 02"), the
 * calendar date is Vietnam's (UTC+07:00).
 */
export function dateLine(placeName: string, at: Date): string {
  const v = new Date(at.getTime() + 7 * 3600_000);
  const day = v.getUTCDate();
  const month = v.getUTCMonth() + 1;
  const dd = day < 10 ? `0${day}` : String(day);
  const mm = month <= 2 ? `0${month}` : String(month);
  const line = `ngày ${dd} tháng ${mm} năm ${v.getUTCFullYear()}`;
  return placeName ? `${placeName}, ${line}` : line.charAt(0).toUpperCase() + line.slice(1);
}
