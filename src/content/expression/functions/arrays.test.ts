// AJO's array, aggregation, map and object libraries (arrays-list.md, aggregation.md, maps.md,
// objects.md): the documented examples, on data shaped like theirs.
import { describe, expect, it } from 'vitest';
import { render } from '../testing/render.ts';

const data = {
  profile: {
    person: {
      birthMonth: 6,
      favoriteColors: ['red', 'yellow'],
      favoriteCities: ['Paris', 'Rome'],
      visitedCities: ['Paris', 'Rome', 'Oslo'],
      eatenFoods: ['sushi', 'pizza', 'pasta'],
      orders: [{ storeId: 1 }, { storeId: 2 }, { storeId: 1 }],
      homeAddress: { city: 'Paris' },
    },
    orders: [
      { id: 'a', order: { price: 10 } },
      { id: 'b', order: { price: 30 } },
      { id: 'c', order: { price: 20 } },
      { id: 'd', order: {} },
    ],
    identityMap: { 'example@example.com': 'ECID-1', phone: 'P-2' },
  },
};

const cases: [template: string, expected: string][] = [
  // aggregation.md: average, count, max, min, sum over orders.order.price (one list of prices)
  ['{%=average(profile.orders.order.price)%}', '20'],
  ['{%= count(profile.orders) %}', '4'],
  ['{%=max(profile.orders.order.price)%}', '30'],
  ['{%=min(profile.orders.order.price) %}', '10'],
  ['{%=sum(profile.orders.order.price)%}', '60'],
  // arrays-list.md. The page's countOnlyNull example, [4,0,1,6,0,0] → 3, contains no null;
  // here the function counts nulls, as its description says.
  ['{%= countOnlyNull([4,null,1,6,null,0]) %}', '2'],
  ['{%= countWithNull([4,0,1,6,0,0]) %}', '6'],
  ['{%= distinctCountWithNull([10,2,10,null]) %}', '3'],
  ['{%= distinct(profile.person.orders.storeId).count() > 1 %}', 'true'],
  ['{%= distinct([1, 2, 1, "a", "a"]) %}', '[1, 2, a]'],
  ['{%= head(topN(profile.orders, order.price, 5)).id %}', 'b'],
  ['{{#each (topN profile.orders order.price 2)}}{{this.id}}{{/each}}', 'bc'],
  ['{{#each (bottomN profile.orders order.price 5)}}{{this.id}}{{/each}}', 'acbd'],
  ['{%= in (profile.person.birthMonth, [3, 6, 9]) %}', 'true'],
  ['{%= includes(profile.person.favoriteColors,"red") %}', 'true'],
  ['{%= intersects(profile.person.favoriteColors,["red", "blue", "green"]) %}', 'true'],
  ['{%= notIn(profile.person.birthMonth ,[3, 6, 9]) %}', 'false'],
  ['{%= notIn(profile.nothing ,[3, 6, 9]) %}', 'false'],
  ['{%= subsetOf(profile.person.favoriteCities,profile.person.visitedCities) %}', 'true'],
  ['{%= supersetOf(profile.person.eatenFoods,["sushi", "pizza"]) %}', 'true'],
  // maps.md
  ['{%= get(profile.identityMap,"example@example.com") %}', 'ECID-1'],
  ['{%= keys(profile.identityMap) %}', '[example@example.com, phone]'],
  ['{%= values(profile.identityMap) %}', '[ECID-1, P-2]'],
  ['{%= profile.identityMap.get("phone") %}', 'P-2'],
  // objects.md
  ['{%= isNull(profile.person.homeAddress) %}', 'false'],
  ['{%= isNotNull(profile.person.homeAddress) %}', 'true'],
  ['{%= isNull(profile.person.workAddress) %}', 'true'],
];

describe('array, aggregation, map and object functions', () => {
  it.each(cases)('%s → %s', (template, expected) => {
    expect(render(template, data)).toBe(expected);
  });

  it('an aggregate of nothing is missing', () => {
    expect(render('[{%= sum(profile.none) %}][{%= average([]) %}]', data)).toBe('[][]');
  });
});
