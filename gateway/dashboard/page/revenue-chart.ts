/**
 * Paid revenue per minute of the followed stores, one line each (uPlot). The chart is an
 * extra: uPlot is loaded on demand, and if it cannot be, the numbers above it still tell the
 * story. Redraws are coalesced to one per animation frame, whatever the event rate. Until
 * some store has revenue the figure is marked `data-empty`, and says "no data yet" instead of
 * a legend of empty values.
 */
import type uPlot from 'uplot';
import type { orders } from '../../../client/index.js';

/** Served by the gateway from the installed uplot package (gateway/dashboard/router.ts). */
const UPLOT_MODULE = '/assets/vendor/uPlot.esm.js';
const HEIGHT_PX = 220;
const PALETTE = ['#2563eb', '#16a34a', '#dc2626', '#9333ea', '#ea580c', '#0891b2', '#ca8a04', '#db2777'];

type Buckets = orders.StoreStats['revenueByMinute'];

export class RevenueChart {
  private readonly buckets = new Map<string, Buckets>();
  private plot: uPlot | undefined;
  private redrawQueued = false;

  constructor(
    private readonly figure: HTMLElement,
    private readonly canvas: HTMLElement,
    private readonly storeIds: readonly string[],
  ) {}

  /** Loads uPlot and draws; on failure the figure says the chart is unavailable. */
  async start(): Promise<void> {
    try {
      // A variable, not a literal: the URL exists only in the browser, not for the compiler.
      const { default: UPlot } = (await import(UPLOT_MODULE)) as { default: typeof uPlot };
      const data = this.data();
      this.plot = new UPlot(this.options(), data, this.canvas);
      this.markEmpty(data);
      new ResizeObserver(() => this.plot?.setSize({ width: this.canvas.clientWidth, height: HEIGHT_PX })).observe(this.canvas);
      this.figure.dataset.state = 'ready';
    } catch (error) {
      console.warn('revenue chart unavailable', error);
      this.figure.dataset.state = 'unavailable';
      this.canvas.textContent = 'Chart unavailable; the figures above are live.';
    }
  }

  update(storeId: string, row: orders.StoreStats | null): void {
    this.buckets.set(storeId, row?.revenueByMinute ?? []);
    if (this.redrawQueued) return;
    this.redrawQueued = true;
    requestAnimationFrame(() => {
      this.redrawQueued = false;
      const data = this.data();
      this.plot?.setData(data);
      this.markEmpty(data);
    });
  }

  private markEmpty(data: uPlot.AlignedData): void {
    this.figure.dataset.empty = String(data[0].length === 0);
  }

  private options(): uPlot.Options {
    return {
      width: this.canvas.clientWidth,
      height: HEIGHT_PX,
      scales: { x: { time: true } },
      series: [{}, ...this.storeIds.map((storeId, index) => ({ label: storeId, stroke: PALETTE[index % PALETTE.length], width: 2 }))],
      axes: [{}, { values: (_plot: uPlot, ticks: number[]) => ticks.map((tick) => tick.toLocaleString()) }],
    };
  }

  /** x: every minute any store has a bucket for (seconds, as uPlot wants); y: revenue in currency units or a gap. */
  private data(): uPlot.AlignedData {
    const byStore = this.storeIds.map((storeId) => new Map((this.buckets.get(storeId) ?? []).map((bucket) => [Date.parse(bucket.minute) / 1000, bucket.revenueCents / 100])));
    const minutes = [...new Set(byStore.flatMap((buckets) => [...buckets.keys()]))].sort((a, b) => a - b);
    return [minutes, ...byStore.map((buckets) => minutes.map((minute) => buckets.get(minute) ?? null))];
  }
}
