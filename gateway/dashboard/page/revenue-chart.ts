/**
 * Gross revenue (payments) per minute of the followed stores, one line per store and currency
 * (uPlot): amounts of different currencies are never added. The chart is an
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

type Buckets = orders.StoreStats['grossRevenueByMinute'];

export class RevenueChart {
  private readonly buckets = new Map<string, Buckets>();
  private plot: uPlot | undefined;
  private uPlot: typeof uPlot | undefined;
  /** The lines drawn, `<store> <currency>`: the plot is made again when a currency appears. */
  private lines: string[] = [];
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
      this.uPlot = UPlot;
      this.draw();
      new ResizeObserver(() => this.plot?.setSize({ width: this.canvas.clientWidth, height: HEIGHT_PX })).observe(this.canvas);
      this.figure.dataset.state = 'ready';
    } catch (error) {
      console.warn('revenue chart unavailable', error);
      this.figure.dataset.state = 'unavailable';
      this.canvas.textContent = 'Chart unavailable; the figures above are live.';
    }
  }

  update(storeId: string, row: orders.StoreStats | null): void {
    this.buckets.set(storeId, row?.grossRevenueByMinute ?? []);
    if (this.redrawQueued) return;
    this.redrawQueued = true;
    requestAnimationFrame(() => {
      this.redrawQueued = false;
      this.draw();
    });
  }

  private draw(): void {
    if (this.uPlot === undefined) return;
    const lines = this.storeIds.flatMap((storeId) => [...new Set((this.buckets.get(storeId) ?? []).map((bucket) => bucket.currency))].sort().map((currency) => `${storeId} ${currency}`));
    const data = this.data(lines);
    if (this.plot === undefined || lines.join('\n') !== this.lines.join('\n')) {
      this.plot?.destroy();
      this.lines = lines;
      this.plot = new this.uPlot(this.options(), data, this.canvas);
    } else {
      this.plot.setData(data);
    }
    this.markEmpty(data);
  }

  private markEmpty(data: uPlot.AlignedData): void {
    this.figure.dataset.empty = String(data[0].length === 0);
  }

  private options(): uPlot.Options {
    return {
      width: this.canvas.clientWidth,
      height: HEIGHT_PX,
      scales: { x: { time: true } },
      series: [{}, ...this.lines.map((line, index) => ({ label: line, stroke: PALETTE[index % PALETTE.length], width: 2 }))],
      axes: [{}, { values: (_plot: uPlot, ticks: number[]) => ticks.map((tick) => tick.toLocaleString()) }],
    };
  }

  /** x: every minute any line has a bucket for (seconds, as uPlot wants); y per line: payments in currency units or a gap. */
  private data(lines: readonly string[]): uPlot.AlignedData {
    const byLine = new Map<string, Map<number, number>>(lines.map((line) => [line, new Map()]));
    for (const storeId of this.storeIds) {
      for (const bucket of this.buckets.get(storeId) ?? []) byLine.get(`${storeId} ${bucket.currency}`)?.set(Date.parse(bucket.minute) / 1000, bucket.grossCents / 100);
    }
    const minutes = [...new Set([...byLine.values()].flatMap((buckets) => [...buckets.keys()]))].sort((a, b) => a - b);
    return [minutes, ...lines.map((line) => minutes.map((minute) => byLine.get(line)!.get(minute) ?? null))];
  }
}
