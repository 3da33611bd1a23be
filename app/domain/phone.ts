// A Chinese phone number as the lab's contact phone and its 24-hour security line are kept:
// a mainland mobile, or a landline with its area code (e.g. 0512-68615713) and an optional
// extension.
export const PHONE_PATTERN = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$/

export function isPhone(text: string): boolean {
  return PHONE_PATTERN.test(text)
}
