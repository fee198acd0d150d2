import { Injectable } from '@nestjs/common';
import { LiveBus } from '@app/core';

export interface ScreenEvent {
  type: 'ticket.called' | 'signage.changed';
  annexId: string;
  data: Record<string, unknown>;
}

export const SCREEN_TOPIC = 'screen';

/** The display screen's events on the live bus (Redis pub/sub, so any API instance can call a ticket). */
@Injectable()
export class ScreenBus {
  constructor(readonly live: LiveBus) {}

  publish(e: ScreenEvent): Promise<void> {
    return this.live.publish(SCREEN_TOPIC, e);
  }

  /** Listens for one annex's events; returns the function that stops listening. */
  listen(annexId: string, on: (e: ScreenEvent) => void): Promise<() => void> {
    return this.live.listen(SCREEN_TOPIC, annexId, (e) => on(e as ScreenEvent));
  }
}
