/** When each open document was last opened or edited, and where its last edit was. */
export class RecentDocuments {
  private entries = new Map<string, { touched: number; lastEditOffset?: number }>();
  private clock = 0;

  opened(uri: string): void {
    this.entries.set(uri, { touched: ++this.clock });
  }

  edited(uri: string, offset: number): void {
    this.entries.set(uri, { touched: ++this.clock, lastEditOffset: offset });
  }

  closed(uri: string): void {
    this.entries.delete(uri);
  }

  lastEditOffset(uri: string): number | undefined {
    return this.entries.get(uri)?.lastEditOffset;
  }

  /** Open documents other than `uri`, most recently used first, at most `limit`. */
  others(uri: string, limit: number): string[] {
    return [...this.entries.entries()]
      .filter(([u]) => u !== uri)
      .sort((a, b) => b[1].touched - a[1].touched)
      .slice(0, limit)
      .map(([u]) => u);
  }
}
