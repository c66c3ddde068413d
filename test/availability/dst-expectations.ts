// What every availability face must offer on the New York spring-forward night, as [start, end] instants: a
// provider working 00:00–06:00 on Sunday 2026-03-08, 30-minute slots on the half hour. 01:30 + 30 minutes
// ends at 02:00, which does not exist that night (POST /appointments refuses it with dst_gap): not offered.
export const NY_SPRING_FORWARD_HALF_HOURS: [string, string][] = [
  ['2026-03-08T00:00:00-05:00', '2026-03-08T00:30:00-05:00'],
  ['2026-03-08T00:30:00-05:00', '2026-03-08T01:00:00-05:00'],
  ['2026-03-08T01:00:00-05:00', '2026-03-08T01:30:00-05:00'],
  ['2026-03-08T03:00:00-04:00', '2026-03-08T03:30:00-04:00'],
  ['2026-03-08T03:30:00-04:00', '2026-03-08T04:00:00-04:00'],
  ['2026-03-08T04:00:00-04:00', '2026-03-08T04:30:00-04:00'],
  ['2026-03-08T04:30:00-04:00', '2026-03-08T05:00:00-04:00'],
  ['2026-03-08T05:00:00-04:00', '2026-03-08T05:30:00-04:00'],
  ['2026-03-08T05:30:00-04:00', '2026-03-08T06:00:00-04:00'],
];
