// Realistic, deterministic demo people: names, places with their time zones and phone formats.
import { csvField as csvCell } from '../platform/csv.ts';
import { SeededRandom } from './random.ts';

interface Place {
  city: string;
  country: string;
  timezone: string;
  language: string;
  dial: string;
  /** Digits after the country code. */
  digits: number;
  names: readonly string[];
  surnames: readonly string[];
}

const PLACES: readonly Place[] = [
  {
    city: 'London',
    country: 'GB',
    timezone: 'Europe/London',
    language: 'en-GB',
    dial: '44',
    digits: 10,
    names: ['Oliver', 'Amelia', 'Harry', 'Isla', 'George', 'Ava', 'Noah', 'Mia'],
    surnames: ['Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Evans'],
  },
  {
    city: 'Paris',
    country: 'FR',
    timezone: 'Europe/Paris',
    language: 'fr-FR',
    dial: '33',
    digits: 9,
    names: ['Léa', 'Hugo', 'Chloé', 'Louis', 'Manon', 'Gabriel', 'Camille'],
    surnames: ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit'],
  },
  {
    city: 'Berlin',
    country: 'DE',
    timezone: 'Europe/Berlin',
    language: 'de-DE',
    dial: '49',
    digits: 10,
    names: ['Lukas', 'Emma', 'Leon', 'Hannah', 'Finn', 'Sophie', 'Paul'],
    surnames: ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner'],
  },
  {
    city: 'Madrid',
    country: 'ES',
    timezone: 'Europe/Madrid',
    language: 'es-ES',
    dial: '34',
    digits: 9,
    names: ['Lucía', 'Hugo', 'Martina', 'Mateo', 'Sofía', 'Pablo', 'Valeria'],
    surnames: ['García', 'Fernández', 'González', 'Rodríguez', 'López', 'Martínez'],
  },
  {
    city: 'New York',
    country: 'US',
    timezone: 'America/New_York',
    language: 'en-US',
    dial: '1',
    digits: 10,
    names: ['Liam', 'Olivia', 'James', 'Emma', 'Ethan', 'Charlotte', 'Lucas'],
    surnames: ['Johnson', 'Miller', 'Davis', 'Garcia', 'Rodriguez', 'Anderson', 'Moore'],
  },
  {
    city: 'San Francisco',
    country: 'US',
    timezone: 'America/Los_Angeles',
    language: 'en-US',
    dial: '1',
    digits: 10,
    names: ['Ava', 'Mason', 'Harper', 'Logan', 'Ella', 'Jackson', 'Aria'],
    surnames: ['Nguyen', 'Lee', 'Chen', 'Kim', 'Patel', 'Lopez', 'Clark'],
  },
  {
    city: 'São Paulo',
    country: 'BR',
    timezone: 'America/Sao_Paulo',
    language: 'pt-BR',
    dial: '55',
    digits: 11,
    names: ['Miguel', 'Helena', 'Arthur', 'Alice', 'Heitor', 'Laura', 'Davi'],
    surnames: ['Silva', 'Santos', 'Oliveira', 'Souza', 'Lima', 'Pereira', 'Costa'],
  },
  {
    city: 'Tokyo',
    country: 'JP',
    timezone: 'Asia/Tokyo',
    language: 'ja-JP',
    dial: '81',
    digits: 10,
    names: ['Haruto', 'Yui', 'Sota', 'Hina', 'Ren', 'Aoi', 'Yuto'],
    surnames: ['Sato', 'Suzuki', 'Takahashi', 'Tanaka', 'Watanabe', 'Ito', 'Yamamoto'],
  },
  {
    city: 'Mumbai',
    country: 'IN',
    timezone: 'Asia/Kolkata',
    language: 'hi-IN',
    dial: '91',
    digits: 10,
    names: ['Aarav', 'Ananya', 'Vivaan', 'Diya', 'Aditya', 'Saanvi', 'Arjun'],
    surnames: ['Sharma', 'Patel', 'Singh', 'Kumar', 'Gupta', 'Iyer', 'Reddy'],
  },
  {
    city: 'Sydney',
    country: 'AU',
    timezone: 'Australia/Sydney',
    language: 'en-AU',
    dial: '61',
    digits: 9,
    names: ['Charlotte', 'Oliver', 'Isla', 'Jack', 'Matilda', 'William', 'Ruby'],
    surnames: ['Smith', 'Nguyen', 'Williams', 'Brown', 'Wilson', 'Taylor', 'Martin'],
  },
  {
    city: 'Lagos',
    country: 'NG',
    timezone: 'Africa/Lagos',
    language: 'en-NG',
    dial: '234',
    digits: 10,
    names: ['Chinedu', 'Aisha', 'Emeka', 'Ngozi', 'Tunde', 'Amaka', 'Kemi'],
    surnames: ['Okafor', 'Adeyemi', 'Bello', 'Eze', 'Okonkwo', 'Balogun'],
  },
  {
    city: 'Toronto',
    country: 'CA',
    timezone: 'America/Toronto',
    language: 'en-CA',
    dial: '1',
    digits: 10,
    names: ['Noah', 'Olivia', 'Liam', 'Emma', 'William', 'Chloe', 'Benjamin'],
    surnames: ['Tremblay', 'Roy', 'Gagnon', 'MacDonald', 'Wong', 'Campbell'],
  },
];

export const TIERS = ['bronze', 'silver', 'gold', 'platinum'] as const;

export interface DemoPerson {
  email: string;
  phone: string;
  crmId: string;
  firstName: string;
  lastName: string;
  city: string;
  country: string;
  timezone: string;
  language: string;
  tier: string;
  points: number;
  birthDate: string;
  emailConsent: 'y' | 'n' | '';
  smsConsent: 'y' | 'n' | '';
  testProfile: boolean;
}

function ascii(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();
}

export function demoPerson(random: SeededRandom, index: number, testProfiles: number): DemoPerson {
  const place = random.pick(PLACES);
  const firstName = random.pick(place.names);
  const lastName = random.pick(place.surnames);
  let phone = place.dial + String(random.int(1, 9));
  while (phone.length < place.dial.length + place.digits) phone += String(random.int(0, 9));
  const tierRoll = random.next();
  const year = random.int(1950, 2006);
  const testProfile = index < testProfiles;
  // Every draw happens whatever the branch, so person N is the same in every generated file.
  const domain = random.pick(['example.com', 'example.org', 'example.net']);
  const emailConsent = random.chance(0.65) ? 'y' : random.chance(0.6) ? 'n' : '';
  const smsConsent = random.chance(0.35) ? 'y' : random.chance(0.5) ? 'n' : '';
  return {
    email: `${ascii(firstName)}.${ascii(lastName)}.${index + 1}@${testProfile ? 'test.clarion.example' : domain}`,
    phone: `+${phone}`,
    crmId: `CRM-${String(index + 1).padStart(7, '0')}`,
    firstName,
    lastName,
    city: place.city,
    country: place.country,
    timezone: place.timezone,
    language: place.language,
    tier:
      tierRoll < 0.5 ? 'bronze' : tierRoll < 0.8 ? 'silver' : tierRoll < 0.95 ? 'gold' : 'platinum',
    points: random.int(0, 20000),
    birthDate: `${year}-${String(random.int(1, 12)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`,
    emailConsent: testProfile ? 'y' : emailConsent,
    smsConsent: testProfile ? 'y' : smsConsent,
    testProfile,
  };
}

export const PROFILE_CSV_HEADER =
  'email,phone,crmId,person.name.firstName,person.name.lastName,homeAddress.city,homeAddress.country,loyalty.tier,loyalty.points,person.birthDate,timezone,language,testProfile,consent.email,consent.sms';

export function personCsvLine(p: DemoPerson): string {
  return [
    p.email,
    p.phone,
    p.crmId,
    p.firstName,
    p.lastName,
    p.city,
    p.country,
    p.tier,
    String(p.points),
    p.birthDate,
    p.timezone,
    p.language,
    p.testProfile ? 'true' : 'false',
    p.emailConsent,
    p.smsConsent,
  ]
    .map(csvCell)
    .join(',');
}

/** The CSV of N demo people, generated lazily in chunks. */
export function* demoProfilesCsv(count: number, seed: number, testProfiles = 5): Generator<string> {
  const random = new SeededRandom(seed);
  yield PROFILE_CSV_HEADER + '\n';
  let chunk: string[] = [];
  for (let i = 0; i < count; i++) {
    chunk.push(personCsvLine(demoPerson(random, i, testProfiles)));
    if (chunk.length === 2000) {
      yield chunk.join('\n') + '\n';
      chunk = [];
    }
  }
  if (chunk.length) yield chunk.join('\n') + '\n';
}
