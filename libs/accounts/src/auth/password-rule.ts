import { registerDecorator, ValidationOptions } from 'class-validator';

/**
 * The most used passwords and their stems (the top of the public breach corpora: SecLists'
 * 10-million list, NCSC's 100k, plus French and Moroccan favourites), offline. A password is
 * refused if, lower-cased and stripped of the digits and symbols people add at its ends, it is
 * one of these, or if it is made of one repeated character, digits only, a run of the keyboard
 * or alphabet, or has fewer than five different characters.
 */
const COMMON = new Set(
  `password passw0rd motdepasse azerty azertyuiop qwerty qwertyuiop qwertz abc abcdef abcdefgh
  letmein welcome bienvenue admin administrator administrateur root toor master login changeme
  iloveyou jetaime monkey dragon football soccer baseball sunshine princess shadow superman
  batman trustno1 freedom whatever starwars hello bonjour salut secret secret123 default guest
  maroc morocco marocain rabat casablanca casa marrakech fes tanger agadir oujda meknes kenitra tetouan
  allah bismillah mohammed mohamed mouhamed fatima ahmed youssef hassan wydad raja barca
  realmadrid liveyou michael jennifer jordan thomas nicolas camille chocolat soleil doudou
  loulou coucou nicole pokemon naruto minecraft fortnite google facebook instagram samsung
  apple iphone orange inwi maroctelecom test tester testing demo user utilisateur passe
  motdepass mdp pass code access acces qazwsx zaqwsx asdfgh asdfghjkl zxcvbn zxcvbnm wxcvbn
  poiuytreza mnbvcxz lovely loveme killer hunter ranger buster tigger charlie daniel andrew
  joshua matrix internet computer ordinateur summer winter spring autumn hiver ete printemps`
    .split(/\s+/)
    .filter(Boolean),
);

const RUNS = ['abcdefghijklmnopqrstuvwxyz', '01234567890', 'qwertyuiopasdfghjklzxcvbnm', 'azertyuiopqsdfghjklmwxcvbn'];

/** Why `password` is too easy to guess, or null. */
export function weakPassword(password: string): string | null {
  const lower = password.toLowerCase();
  const stem = lower.replace(/^[^a-z]+|[^a-z]+$/g, '');
  if (COMMON.has(lower) || COMMON.has(stem) || COMMON.has(stem.replace(/[0-9]/g, ''))) return 'is one of the most used passwords';
  if (/^\d+$/.test(password)) return 'is digits only';
  if (new Set(lower).size < 5) return 'has fewer than 5 different characters';
  for (const run of RUNS) {
    const rev = [...run].reverse().join('');
    if (
      run.includes(lower) ||
      rev.includes(lower) ||
      run.includes(stem) ||
      (stem.length > 0 && stem.length >= lower.length - 4 && rev.includes(stem))
    ) {
      return 'is a run of the keyboard or the alphabet';
    }
  }
  return null;
}

/** class-validator: a password that is not among the common or breached ones (400 naming the field). */
export function IsAcceptablePassword(options?: ValidationOptions): PropertyDecorator {
  return (object: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isAcceptablePassword',
      target: object.constructor,
      propertyName: String(propertyName),
      options: {
        message: (a) =>
          `${a.property} ${typeof a.value === 'string' ? (weakPassword(a.value) ?? 'is too easy to guess') : 'must be a string'}: choose another`,
        ...options,
      },
      validator: { validate: (v: unknown) => typeof v === 'string' && weakPassword(v) === null },
    });
}
