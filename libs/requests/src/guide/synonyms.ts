/**
 * Words people use for what the guide names otherwise (one home for them). Keys are lower case
 * without accents; a search word also matches its synonyms.
 */
const SYNONYMS: Record<string, string[]> = {
  domicile: ['résidence'],
  adresse: ['résidence'],
  habitation: ['résidence'],
  logement: ['résidence'],
  celibataire: ['célibat'],
  vivant: ['vie'],
  passeport: ['passport'],
  arme: ['port'],
  fusil: ['arme'],
  home: ['residence'],
  address: ['residence'],
  سكن: ['سكنى'],
  عنوان: ['سكنى'],
  اقامة: ['سكنى'],
  إقامة: ['سكنى'],
  عازب: ['العزوبة'],
  جواز: ['السفر'],
};

const key = (w: string) => w.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');

export function synonymsOf(word: string): string[] {
  return SYNONYMS[key(word)] ?? [];
}
