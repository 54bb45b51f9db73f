import type { QueueReads } from "../store/queueReads.js";
import type { Queued } from "./queueOrder.js";
import { estimateWait, type Told, type WaitEstimate } from "./waitEstimate.js";

const HANDLING_SAMPLES = 30;
const HANDLING_WINDOW_DAYS = 14;

export interface QueuePlacesDeps {
  queue: Pick<QueueReads, "placeOf" | "handlingMinutes" | "availableSeats" | "anyAvailable">;
  clock: () => Date;
}

/** Where a waiting chat stands in the queue, and how long the wait may be. */
export class QueuePlaces {
  constructor(private readonly deps: QueuePlacesDeps) {}

  /** Place and estimate of a waiting conversation among all waiting ones. */
  async placeOf(item: Queued): Promise<Told> {
    const position = await this.deps.queue.placeOf(item);
    return { position, estimate: await this.estimateFor(position) };
  }

  /** The wait at `position`, from recent handling times and the counselors available now. */
  async estimateFor(position: number): Promise<WaitEstimate> {
    const { queue, clock } = this.deps;
    const since = new Date(clock().getTime() - HANDLING_WINDOW_DAYS * 86_400_000);
    const [recentHandlingMinutes, capacity] = await Promise.all([
      queue.handlingMinutes(since, HANDLING_SAMPLES),
      queue.availableSeats(),
    ]);
    return estimateWait({ position, recentHandlingMinutes, capacity });
  }

  /** Estimates for any position from one read of the handling times and the seats available now. */
  async estimator(): Promise<(position: number) => WaitEstimate> {
    const { queue, clock } = this.deps;
    const since = new Date(clock().getTime() - HANDLING_WINDOW_DAYS * 86_400_000);
    const [recentHandlingMinutes, capacity] = await Promise.all([
      queue.handlingMinutes(since, HANDLING_SAMPLES),
      queue.availableSeats(),
    ]);
    return (position) => estimateWait({ position, recentHandlingMinutes, capacity });
  }

  /** Whether any counselor is marked available now. */
  counselorAvailable(): Promise<boolean> {
    return this.deps.queue.anyAvailable();
  }
}
