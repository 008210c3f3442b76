// Demo data: towns with their postal codes, tax-office NIP prefixes and phone area codes, per voivodeship.

export interface Town {
  city: string;
  /** Postal codes of the town, as NN-NNN prefixes completed at random: [prefix, first, last]. */
  postal: [string, number, number];
  /** First three NIP digits: a tax office of the area. */
  nipPrefixes: string[];
  /** Landline area code (two digits). */
  area: string;
}

/** Mazowieckie (TERYT 14): Warsaw and the meat-processing towns of the east. */
export const MAZOWIECKIE: readonly Town[] = [
  { city: 'Warszawa', postal: ['0', 1000, 4999], nipPrefixes: ['521', '525', '526', '951'], area: '22' },
  { city: 'Radom', postal: ['26-6', 0, 12], nipPrefixes: ['796', '948'], area: '48' },
  { city: 'Płock', postal: ['09-4', 0, 11], nipPrefixes: ['774'], area: '24' },
  { city: 'Siedlce', postal: ['08-1', 10, 19], nipPrefixes: ['821'], area: '25' },
  { city: 'Sokołów Podlaski', postal: ['08-3', 0, 0], nipPrefixes: ['823'], area: '25' },
  { city: 'Ostrołęka', postal: ['07-4', 10, 17], nipPrefixes: ['758'], area: '29' },
  { city: 'Ciechanów', postal: ['06-4', 0, 0], nipPrefixes: ['566'], area: '23' },
  { city: 'Mława', postal: ['06-5', 0, 0], nipPrefixes: ['569'], area: '23' },
  { city: 'Pruszków', postal: ['05-8', 0, 4], nipPrefixes: ['534'], area: '22' },
  { city: 'Mińsk Mazowiecki', postal: ['05-3', 0, 0], nipPrefixes: ['822'], area: '25' },
  { city: 'Garwolin', postal: ['08-4', 0, 0], nipPrefixes: ['826'], area: '25' },
  { city: 'Łosice', postal: ['08-2', 0, 0], nipPrefixes: ['496'], area: '83' },
  { city: 'Sochaczew', postal: ['96-5', 0, 3], nipPrefixes: ['837'], area: '46' },
  { city: 'Żyrardów', postal: ['96-3', 0, 0], nipPrefixes: ['838'], area: '46' },
  { city: 'Wyszków', postal: ['07-2', 0, 2], nipPrefixes: ['762'], area: '29' },
  { city: 'Ostrów Mazowiecka', postal: ['07-3', 0, 5], nipPrefixes: ['759'], area: '29' },
  { city: 'Grójec', postal: ['05-6', 0, 0], nipPrefixes: ['797'], area: '48' },
  { city: 'Płońsk', postal: ['09-1', 0, 0], nipPrefixes: ['567'], area: '23' },
];

/** Pomorskie (TERYT 22): Tricity and the towns of Kashubia and Powiśle. */
export const POMORSKIE: readonly Town[] = [
  { city: 'Gdańsk', postal: ['80-', 0, 999], nipPrefixes: ['583', '584', '604'], area: '58' },
  { city: 'Gdynia', postal: ['81-', 0, 599], nipPrefixes: ['586'], area: '58' },
  { city: 'Słupsk', postal: ['76-2', 0, 19], nipPrefixes: ['839'], area: '59' },
  { city: 'Tczew', postal: ['83-1', 10, 10], nipPrefixes: ['593'], area: '58' },
  { city: 'Starogard Gdański', postal: ['83-2', 0, 0], nipPrefixes: ['592'], area: '58' },
  { city: 'Wejherowo', postal: ['84-2', 0, 0], nipPrefixes: ['588'], area: '58' },
  { city: 'Lębork', postal: ['84-3', 0, 0], nipPrefixes: ['841'], area: '59' },
  { city: 'Bytów', postal: ['77-1', 0, 0], nipPrefixes: ['842'], area: '59' },
  { city: 'Chojnice', postal: ['89-6', 0, 20], nipPrefixes: ['555'], area: '52' },
  { city: 'Kwidzyn', postal: ['82-5', 0, 0], nipPrefixes: ['581'], area: '55' },
  { city: 'Malbork', postal: ['82-2', 0, 0], nipPrefixes: ['579'], area: '55' },
  { city: 'Kościerzyna', postal: ['83-4', 0, 0], nipPrefixes: ['591'], area: '58' },
  { city: 'Kartuzy', postal: ['83-3', 0, 0], nipPrefixes: ['589'], area: '58' },
  { city: 'Człuchów', postal: ['77-3', 0, 0], nipPrefixes: ['843'], area: '59' },
  { city: 'Pruszcz Gdański', postal: ['83-0', 0, 0], nipPrefixes: ['593'], area: '58' },
];

export const STREETS: readonly string[] = [
  'Przemysłowa', 'Kolejowa', 'Fabryczna', 'Składowa', 'Rzeźnicza', 'Polna', 'Lipowa', 'Tadeusza Kościuszki',
  'Adama Mickiewicza', 'Henryka Sienkiewicza', 'Juliusza Słowackiego', 'Józefa Piłsudskiego', 'Warszawska',
  'Gdańska', 'Długa', 'Ogrodowa', 'Łąkowa', 'Spółdzielcza', 'Targowa', 'Młyńska', 'Rolnicza', 'Zakładowa',
  'Handlowa', '3 Maja', 'Grunwaldzka', 'Wojska Polskiego', 'Stefana Żeromskiego', 'Mikołaja Kopernika',
  'Kwiatowa', 'Leśna', 'Szkolna', 'Wiejska', 'Kasztanowa', 'Południowa', 'Okrężna',
];
