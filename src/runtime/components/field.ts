import { normalizeCode } from '../core/flow'

/**
 * Boxes hold digits only: a pasted "424 242" or "４２４２４２" shows (and is) "424242", a letter
 * never lands. Each character is read as a one-digit code, so the boxes keep exactly what
 * `normalizeCode` (the composable's reading) would. A capture listener runs before v-model's
 * own, which then reads the cleaned value once. (`<CtsField>`'s and the code step's input.)
 */
export function keepDigits(event: Event, count: number) {
  const input = event.target as HTMLInputElement
  const digits = [...input.value].flatMap((char) => {
    const check = normalizeCode(char, 1)
    return check.ok ? [check.code] : []
  }).join('').slice(0, count)
  if (input.value !== digits) input.value = digits
}
