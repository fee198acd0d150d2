import { useEffect, useState } from 'react';
import type { Schemas } from '@annex/api-client';
import { Localized } from './texts';

type Item = Schemas['SignageDto'];

const params = new URLSearchParams(location.search);
/** How long an image or a text stays up (`?slide=` seconds); a video plays to its end. */
const SLIDE_SECONDS = Math.max(1, Number(params.get('slide') ?? 12));
/** A video that never ends (a broken file) still gives way. */
const VIDEO_MAX_SECONDS = 15 * 60;

/** The rotating half of the screen: the annex's videos, images, announcements and law updates. */
export function Playlist({ items }: { items: Item[] }) {
  const [index, setIndex] = useState(0);
  const item = items.length ? items[index % items.length] : null;
  const next = () => setIndex((i) => (items.length ? (i + 1) % items.length : 0));

  useEffect(() => {
    if (!item) return;
    const timer = setTimeout(next, (item.kind === 'video' ? VIDEO_MAX_SECONDS : SLIDE_SECONDS) * 1000);
    return () => clearTimeout(timer);
  }, [item?.id, index, items.length]);

  if (!item) return null;
  return (
    <article className={`slide slide-${item.kind}`} data-item={item.id} key={`${item.id}-${index}`}>
      <h2>
        <Localized text={item.title} />
      </h2>
      {item.kind === 'video' && item.mediaUrl && (
        <video src={item.mediaUrl} autoPlay muted playsInline onEnded={next} onError={next} aria-hidden="true" />
      )}
      {item.kind === 'image' && item.mediaUrl && <img src={item.mediaUrl} alt="" onError={next} />}
      {item.body && Object.keys(item.body).length > 0 && (
        <p className="slide-body">
          <Localized text={item.body} />
        </p>
      )}
    </article>
  );
}
