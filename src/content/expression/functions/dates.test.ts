// One row per documented example of AJO's date and time library (help/using/personalization/
// functions/dates.md), at AJO's example "now" (2025-01-07T12:17:10.720+05:30), plus rows for the
// pattern letters of formatDate.
import { describe, expect, it } from 'vitest';
import { render } from '../testing/render.ts';

const d = (iso: string) => `stringToDate("${iso}")`;

const documented: [template: string, expected: string][] = [
  [`{%= addDays(${d('2024-11-01T17:19:51Z')},10) %}`, '2024-11-11T17:19:51Z'],
  [`{%= addHours(${d('2024-11-01T17:19:51Z')},1) %}`, '2024-11-01T18:19:51Z'],
  [`{%= addMinutes(${d('2024-11-01T17:59:51Z')},10) %}`, '2024-11-01T18:09:51Z'],
  [`{%= addMonths(${d('2024-11-01T17:19:51Z')},2) %}`, '2025-01-01T17:19:51Z'],
  [`{%= addSeconds(${d('2024-11-01T17:19:51Z')},10) %}`, '2024-11-01T17:20:01Z'],
  [`{%= addYears(${d('2024-11-01T17:19:51Z')},2) %}`, '2026-11-01T17:19:51Z'],
  [`{%= ageInDays(${d('2025-01-01T17:19:51Z')})%}`, '5'],
  [`{%=ageInMonths(${d('2024-01-01T00:00:00Z')})%}`, '12'],
  [`{%=compareDates(${d('2024-12-02T00:00:00Z')}, ${d('2024-12-03T00:00:00Z')})%}`, '-1'],
  [
    `{%=convertZonedDateTime(${d('2019-02-19T08:09:00Z')}, "Asia/Tehran")%}`,
    '2019-02-19T11:39+03:30[Asia/Tehran]',
  ],
  [
    `{%= dateBetween(${d('2024-06-15T00:00:00Z')}, ${d('2024-06-01T00:00:00Z')}, ${d('2024-06-30T00:00:00Z')}) %}`,
    'true',
  ],
  [`{%= dayOfMonth(${d('2024-11-05T17:19:51Z')}) %}`, '5'],
  [`{%= dayOfYear(${d('2024-03-15T00:00:00Z')}) %}`, '75'],
  [`{%=diffInSeconds(${d('2024-11-01T17:19:51Z')}, ${d('2024-11-01T17:19:01Z')})%}`, '50'],
  [`{%= extractHours(${d('2024-11-01T17:19:51Z')})%}`, '17'],
  [`{%= extractMinutes(${d('2024-11-01T17:19:51Z')})%}`, '19'],
  [`{%=extractMonth(${d('2024-11-01T17:19:51Z')})%}`, '11'],
  // The page's syntax line spells it extractMonths.
  [`{%=extractMonths(${d('2024-11-01T17:19:51Z')})%}`, '11'],
  [`{%=extractSeconds(${d('2024-11-01T17:19:51Z')})%}`, '51'],
  [
    '{%= formatDate(profile.person.birthDateTime, "EEEE MMMM dd yyyy") %}',
    'Wednesday January 01 2020',
  ],
  ['{%= formatDate(getCurrentZonedDateTime(), "MM/dd/YYYY") %}', '01/07/2025'],
  ['{%= formatDate(getCurrentZonedDateTime(), "EEE") %}', 'Tue'],
  ['{%= lowerCase(formatDate(getCurrentZonedDateTime(), "EEE")) %}', 'tue'],
  ['{%= getCurrentZonedDateTime() %}', '2025-01-07T06:47:10.720Z'],
  [`{%= diffInHours(${d('2024-11-01T17:19:51Z')}, ${d('2024-11-01T07:19:51Z')})%}`, '10'],
  [`{%= diffInMinutes(${d('2024-11-01T17:19:51Z')}, ${d('2024-11-01T16:19:51Z')})%}`, '60'],
  [`{%=diffInMonths(${d('2024-11-01T17:19:51Z')}, ${d('2024-08-01T17:19:51Z')})%}`, '3'],
  [`{%= setDays(${d('2024-11-15T17:19:51Z')}, 1) %}`, '2024-11-01T17:19:51Z'],
  [`{%= setHours(${d('2024-11-01T17:19:51Z')}, 0) %}`, '2024-11-01T00:19:51Z'],
  ['{%=toDateTime("2024-11-01T17:19:51Z")%}', '2024-11-01T17:19:51Z'],
  [`{%= truncateToStartOfDay(${d('2024-11-01T17:19:51Z')}) %}`, '2024-11-01T00:00Z'],
  [`{%=truncateToStartOfQuarter(${d('2024-11-01T17:19:51Z')})%}`, '2024-10-01T00:00Z'],
  [`{%= truncateToStartOfWeek(${d('2024-11-19T17:19:51Z')})%}`, '2024-11-18T00:00Z'],
  [`{%=truncateToStartOfYear(${d('2024-11-01T17:19:51Z')})%}`, '2024-01-01T00:00Z'],
  [`{%= weekOfYear(${d('2024-11-01T17:19:51Z')}) %}`, '44'],
  [`{%=diffInYears(${d('2024-11-01T17:19:51Z')}, ${d('2019-10-01T17:19:51Z')})%}`, '5'],
  // formatDate's table of look-alike letters, for 2023-12-31T10:15:30Z
  [`{%= formatDate(${d('2023-12-31T10:15:30Z')}, "y Y M m d D") %}`, '2023 2024 12 15 31 365'],
  [`{%= formatDate(${d('2023-12-31T10:15:30Z')}, "MMM") %}`, 'Dec'],
  // stringToDate with a formatter: documented input
  ['{%= stringToDate("2023-01-10 23:13:26", "yyyy-MM-dd HH:mm:ss") %}', '2023-01-10T23:13:26Z'],
  ['{%= dayOfWeek(getCurrentZonedDateTime()) %}', '2'],
];

const beyond: [template: string, expected: string][] = [
  // Month arithmetic keeps the day inside the month, like Java's plusMonths.
  [`{%= addMonths(${d('2024-01-31T10:00:00Z')}, 1) %}`, '2024-02-29T10:00Z'],
  [
    `{%= addDays(${d('2024-03-30T12:00:00+01:00[Europe/Paris]')}, 1) %}`,
    '2024-03-31T12:00+02:00[Europe/Paris]',
  ],
  [`{%= dateDiff(${d('2024-11-01T10:00:00Z')}, ${d('2024-11-08T09:00:00Z')}) %}`, '6'],
  [`{%= age(${d('2000-01-08T00:00:00Z')}) %}`, '24'],
  [`{%= toUTC(${d('2024-01-01T10:00:00+02:00')}) %}`, '2024-01-01T08:00Z'],
  [
    `{%= formatDate(${d('2024-07-04T15:05:09.042Z')}, "dd/MM/yy hh:mm:ss.SSS a") %}`,
    '04/07/24 03:05:09.042 PM',
  ],
  [
    `{%= formatDate(${d('2024-07-04T15:05:09Z')}, "EEEE d MMMM yyyy", "fr_FR") %}`,
    'jeudi 4 juillet 2024',
  ],
  [
    `{%= formatDate(${d('2024-07-04T15:05:09Z')}, "'week' w 'of' YYYY, QQQ") %}`,
    'week 27 of 2024, Q3',
  ],
  [
    `{%= formatDate(convertZonedDateTime(${d('2024-07-04T15:05:09Z')}, "Europe/Paris"), "HH:mm XXX VV") %}`,
    '17:05 +02:00 Europe/Paris',
  ],
  [`{%= formatDate(${d('2024-07-04T15:05:09Z')}, "HH:mm Z X") %}`, '15:05 +0000 Z'],
  // An invalid pattern falls back to the ISO form, as AJO documents.
  [`{%= formatDate(${d('2024-07-04T15:05:09Z')}, "yyyy-MM-dd ppp") %}`, '2024-07-04T15:05:09Z'],
  // Date strings in profile data are read as date-times.
  ['{%= addDays(profile.person.birthDateTime, 1) %}', '2020-01-02T00:00Z'],
  ['{%= formatDate(profile.person.since, "dd.MM.yyyy") %}', '15.03.2021'],
  ['{%= toDateTime("not a date") %}', '1970-01-01T00:00Z'],
  ['[{%= stringToDate("2024-02-30") %}]', '[]'],
  [`{%= ${d('2024-01-01T00:00:00Z')} < ${d('2024-01-02T00:00:00Z')} %}`, 'true'],
  ['{%= currentTimeInMillis() %}', String(Date.parse('2025-01-07T06:47:10.720Z'))],
];

const data = {
  profile: { person: { birthDateTime: '2020-01-01T00:00:00Z', since: '2021-03-15' } },
};

describe('date and time functions', () => {
  it.each(documented)('documented: %s → %s', (template, expected) => {
    expect(render(template, data)).toBe(expected);
  });

  it.each(beyond)('%s → %s', (template, expected) => {
    expect(render(template, data)).toBe(expected);
  });

  it('gives getCurrentZonedDateTime the recipient time zone', () => {
    expect(render('{%= getCurrentZonedDateTime() %}', {}, { timeZone: 'Asia/Kolkata' })).toBe(
      '2025-01-07T12:17:10.720+05:30[Asia/Kolkata]',
    );
  });
});
