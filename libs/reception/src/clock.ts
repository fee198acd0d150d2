import { Injectable } from '@nestjs/common';

/**
 * The time the queue and the appointments act at. One injectable, so an e2e test can play a
 * whole day (arrivals, calls, check-ins) at the instants it chooses instead of waiting for them.
 */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
