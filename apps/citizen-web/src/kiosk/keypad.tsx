import { Button } from 'react-aria-components';
import { useT } from '../i18n';

const DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'];
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('');

/**
 * The on-screen keypad: the kiosk has no keyboard. Digits always; letters and the dash for a
 * CIN or a tracking code. Keys are buttons (React Aria: touch, mouse and keyboard presses alike).
 */
export function Keypad({
  onKey,
  letters = true,
  target,
}: {
  onKey: (key: string | 'back' | 'clear') => void;
  letters?: boolean;
  target: string;
}) {
  const { t } = useT();
  return (
    <div role="group" aria-label={t('kiosk.keypad', { field: target })} className="keypad" dir="ltr">
      <div className="keys digits">
        {DIGITS.map((k) => (
          <Button key={k} className="key" onPress={() => onKey(k)}>
            {k}
          </Button>
        ))}
      </div>
      {letters && (
        <div className="keys letters">
          {LETTERS.map((k) => (
            <Button key={k} className="key" onPress={() => onKey(k)}>
              {k}
            </Button>
          ))}
          <Button className="key" onPress={() => onKey('-')}>
            -
          </Button>
        </div>
      )}
      <div className="keys actions">
        <Button className="key wide" aria-label={t('kiosk.backspace')} onPress={() => onKey('back')}>
          ⌫
        </Button>
        <Button className="key wide" onPress={() => onKey('clear')}>
          {t('kiosk.clear')}
        </Button>
      </div>
    </div>
  );
}

/** Applies a key to a value. */
export const press = (value: string, key: string, max = 24) =>
  key === 'back' ? value.slice(0, -1) : key === 'clear' ? '' : value.length >= max ? value : value + key;
