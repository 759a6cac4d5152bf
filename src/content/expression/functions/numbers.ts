// Math functions of AJO's library, and number formatting by locale.
import { FunctionInputError } from '../errors.ts';
import { formatValue, toNumber } from '../values.ts';
import { localeTag } from './arguments.ts';
import { currencyOfCountry } from './currencies.ts';
import { define, type FunctionTable } from './library-function.ts';

function mapNumber(transform: (value: number) => unknown) {
  return define(1, 1, ([value]) => {
    const number = toNumber(value);
    return number === undefined ? null : transform(number);
  });
}

const formatters = new Map<string, Intl.NumberFormat>();

function numberFormat(key: string, make: () => Intl.NumberFormat): Intl.NumberFormat {
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = make();
    if (formatters.size < 500) formatters.set(key, formatter);
  }
  return formatter;
}

function requireLocale(value: unknown): string {
  const tag = localeTag(value);
  if (tag === undefined) throw new FunctionInputError(`'${formatValue(value)}' is not a locale`);
  return tag;
}

export const NUMBER_FUNCTIONS: FunctionTable = {
  absolute: mapNumber(Math.abs),
  roundUp: mapNumber(Math.ceil),
  roundDown: mapNumber(Math.floor),
  toInt: define(1, 1, ([value]) => {
    if (typeof value === 'boolean') return value ? 1 : 0;
    const number = toNumber(value);
    return number === undefined ? null : Math.trunc(number);
  }),
  toHexString: mapNumber((value) => Math.trunc(value).toString(16)),
  toString: define(1, 1, ([value]) =>
    value === null || value === undefined ? null : formatValue(value),
  ),
  random: define(0, 0, (_args, context) => context.random()),
  /** Java's NumberFormat.getInstance(locale): grouping and at most three decimals, half-even. */
  formatNumber: define(2, 2, ([value, locale]) => {
    const number = toNumber(value);
    if (number === undefined) return null;
    const tag = requireLocale(locale);
    return numberFormat(
      `n:${tag}`,
      () => new Intl.NumberFormat(tag, { maximumFractionDigits: 3, roundingMode: 'halfEven' }),
    ).format(number);
  }),
  /** Java's NumberFormat.getCurrencyInstance(locale): the currency of the locale's country. */
  formatCurrency: define(2, 2, ([value, locale]) => {
    const number = toNumber(value);
    if (number === undefined) return null;
    const tag = requireLocale(locale);
    const currency = currencyOfCountry(new Intl.Locale(tag).region);
    if (currency === undefined)
      throw new FunctionInputError(`locale '${tag}' names no country with a known currency`);
    return numberFormat(
      `c:${tag}`,
      () => new Intl.NumberFormat(tag, { style: 'currency', currency, roundingMode: 'halfEven' }),
    ).format(number);
  }),
  /** Java's NumberFormat.getPercentInstance() (US English): 0.256 → 26%. */
  toPercentage: mapNumber((value) =>
    numberFormat(
      'p',
      () => new Intl.NumberFormat('en-US', { style: 'percent', roundingMode: 'halfEven' }),
    ).format(value),
  ),
};
