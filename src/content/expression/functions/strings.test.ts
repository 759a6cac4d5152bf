// One row per documented example of AJO's string library (help/using/personalization/functions/
// string.md of the Journey Optimizer documentation), plus rows for cases the page leaves open.
import { describe, expect, it } from 'vitest';
import { render } from '../testing/render.ts';

const profile = {
  person: { name: { firstName: 'Anna', lastName: 'Smith' }, emailAddress: 'anna2010@gmail.com' },
  homeAddress: { street: 'washington high street', city: 'Paris', country: 'France' },
  personalEmail: { address: 'anna@example.edu' },
  mobilePhone: { number: '' },
};

const cases: [template: string, expected: string][] = [
  // camelCase: "capitalizes the first letter of each word"
  ['{%= camelCase(profile.homeAddress.street) %}', 'Washington High Street'],
  ['{%= camelCase("mcDonald road") %}', 'McDonald Road'],
  // charCodeAt: documented "returns the ASCII value of o i.e 111"
  ['{%= charCodeAt("some", 1)%}', '111'],
  // concat: documented 'Returns "Hello World"'
  ['{%= concat("Hello", " ", "World") %}', 'Hello World'],
  ['{%= concat(profile.homeAddress.city,profile.homeAddress.country) %}', 'ParisFrance'],
  // contains: documented examples (case-insensitive with false, case-sensitive by default)
  ['{%= contains(profile.person.name.firstName, "A", false) %}', 'true'],
  ['{%= contains(profile.person.name.firstName, "N") %}', 'false'],
  ['{%= contains(profile.person.emailAddress,"2010@gm") %}', 'true'],
  ['{%= doesNotContain(profile.person.emailAddress,"2010@gm")%}', 'false'],
  ['{%= doesNotEndWith(profile.person.emailAddress,".com")%}', 'false'],
  ['{%= doesNotStartWith(profile.person.name.firstName,"Joe")%}', 'true'],
  // decode64: documented 'returns hello'; invalid Base64 comes back unchanged
  ['{%= decode64("aGVsbG8=") %}', 'hello'],
  ['{%= decode64("not base64!") %}', 'not base64!'],
  // {%= %} output is HTML-escaped like {{ }}, so '=' prints as an entity; {{{ }}} prints it raw.
  ['{%= encode64("hello") %}', 'aGVsbG8&#x3D;'],
  ['{{{encode64 "hello"}}}', 'aGVsbG8='],
  ['{%= endsWith(profile.person.emailAddress,".com") %}', 'true'],
  ['{%= endsWith(profile.person.emailAddress,".COM", false) %}', 'true'],
  ['{%=equals(profile.person.name.firstName,"Anna") %}', 'true'],
  ['{%= equalsIgnoreCase(profile.person.name.firstName,"ANNA") %}', 'true'],
  // equalsAnyIgnoreCase: documented 'Returns true'
  ['{%= equalsAnyIgnoreCase("Icon", "icon", "ambassador", "luminary") %}', 'true'],
  ['{%= extractEmailDomain(profile.personalEmail.address) %}', 'example.edu'],
  // indexOf / lastIndexOf: documented "Returns 6" and "Returns 7"
  ['{%= indexOf("hello world","world" ) %}', '6'],
  ['{%= lastIndexOf("hello world","o" ) %}', '7'],
  ['{%= indexOf("hello","z") %}', '-1'],
  ['{%= isEmpty(profile.mobilePhone.number) %}', 'true'],
  ['{%= isNotEmpty(profile.mobilePhone.number) %}', 'false'],
  ['{%= isEmpty(profile.missing) %}', 'true'],
  // join: documented 'Returns red,green,blue'
  ['{%= join(["red", "green", "blue"], ",") %}', 'red,green,blue'],
  ['{%= leftTrim("  a b  ") %}|', 'a b  |'],
  ['{%= rightTrim("  a b  ") %}|', '  a b|'],
  ['{%= trim("  a b  ") %}|', 'a b|'],
  ['{%= length(profile.homeAddress.city) %}', '5'],
  // like: "%" any run, "_" one character
  ['{%= like(profile.homeAddress.city, "%ar%")%}', 'true'],
  ['{%= like("Paris", "P_r%")%} {%= like("Paris", "P_s%")%}', 'true false'],
  ['{%= lowerCase(profile.person.name.firstName) %}', 'anna'],
  ['{%= upperCase(profile.person.name.lastName) %}', 'SMITH'],
  // mask: documented 'returns 1XXXXXX89'
  ['{%= mask("123456789",1,2) %}', '1XXXXXX89'],
  // md5 / sha256: documented hashes
  ['{%= md5("hello world") %}', '5eb63bbbe01eeed093cb22bb8f5acdc3'],
  ['{%= sha256("Eliechxh")%}', '0b0b207880b999adaad6231026abf87caa30760b6f326b21727b61139332257d'],
  ['{%= notEqualTo(profile.person.name.firstName,"John") %}', 'true'],
  ['{%= notEqualWithIgnoreCase(profile.person.name.firstName,"anna") %}', 'false'],
  // replace: documented 'Returns "Hello Mark, here is your monthly newsletter!"'
  [
    '{%= replace("Hello John, here is your monthly newsletter!","John","Mark") %}',
    'Hello Mark, here is your monthly newsletter!',
  ],
  ['{%= replace("a-b-c","-","+") %}', 'a+b+c'],
  ['{%= split("a,b,,c,,", ",") %}', '[a, b, , c]'],
  ['{%= startsWith(profile.person.name.firstName,"An") %}', 'true'],
  ['{%= string_to_integer("42") %}|{%= string_to_integer("4x") %}', '42|'],
  // stringToNumber: "returns the same string as output for invalid input"
  ['{%= stringToNumber("12.5") + 1 %} {%= stringToNumber("abc") %}', '13.5 abc'],
  ['{%= substr("Hello World", 0, 5) %}', 'Hello'],
  // titleCase: documented "Washington high street" → "Washington High Street"
  ['{%= titleCase("Washington high street") %}', 'Washington High Street'],
  ['{%= titleCase("hELLO wORLD") %}', 'Hello World'],
  ['{%= toBool("TRUE") %} {%= toBool("no") %}', 'true false'],
  ['{%= urlEncode("a b&c=d/é*") %}', 'a+b%26c%3Dd%2F%C3%A9*'],
  ['{%= urlDecode("a+b%26c") %}', 'a b&amp;c'],
  ['{%= compareTo("apple", "banana") %}', '-1'],
  // URL functions: documented results (getUrlProtocol's page shows "http" for an https URL; the
  // protocol of that URL is https, as Java's URL.getProtocol() returns)
  ['{%= getUrlHost("https://www.myurl.com/contact") %}', 'www.myurl.com'],
  ['{%= getUrlPath("https://www.myurl.com/contact.html") %}', '/contact.html'],
  ['{%= getUrlProtocol("https://www.myurl.com/contact.html") %}', 'https'],
  ['{%= getUrlFragment("https://www.myurl.com/contact.html#faq") %}', 'faq'],
  // appendQueryParams: documented 'Returns https://example.com/page?utm_source=email'
  [
    '{{{appendQueryParams "https://example.com/page" "utm_source" "email"}}}',
    'https://example.com/page?utm_source=email',
  ],
  [
    '{{{appendQueryParams "https://e.com/p?a=1&utm_source=x#top" "utm_source" "e mail"}}}',
    'https://e.com/p?a=1&utm_source=e+mail#top',
  ],
];

describe('string functions', () => {
  it.each(cases)('%s → %s', (template, expected) => {
    expect(render(template, { profile })).toBe(expected);
  });

  it('treats a missing string as missing, not as the text "null"', () => {
    expect(render('[{%= upperCase(profile.nope) %}]', { profile })).toBe('[]');
    expect(render('{%= contains(profile.nope, "a") %}', { profile })).toBe('false');
  });
});
