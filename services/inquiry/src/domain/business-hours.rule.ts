/**
 * The front line's business hours: the calendar maths lives in @cs/shop-time (the complaint desk's
 * step deadlines use it too); the front line's calendar is its shifts, every day of the week.
 */
export {
  addBusinessMinutes,
  businessMinutesBetween,
  localDate,
  type Pause,
  parseShifts,
  type ShiftCalendar,
  type ShiftWindow,
  startOfLocalDay,
} from '@cs/shop-time';

/** The handbook's shifts: early 08:00–12:00 and 12:00–17:30, late 15:00–18:00 and 18:00–24:00. */
export const HANDBOOK_SHIFTS = '08:00-12:00,12:00-17:30,15:00-18:00,18:00-24:00';
