/**
 * Reading a vendor's whole list for the "whatever runs there" form. Every list is untrusted: it may repeat a page, hand
 * back the token it was given, or never end. A cancel must never act on a partial list, so a list that does not end
 * within the bound fails and nothing is cancelled.
 * @internal
 * @packageDocumentation
 */
import { VendorError } from "../errors";
import type { JobStatus, VendorName } from "../model";

/**
 * The most jobs a selector's listing may hold, every vendor alike, whether its list comes in pages or in one reply:
 * past it nothing is cancelled. Each vendor's page bound stays within it (20 pages of 100, 40 of 50).
 */
export const MAX_LISTED_JOBS = 2000;

/** The error of a listing over `MAX_LISTED_JOBS`: it says nothing was cancelled. */
export function tooManyListed(vendor: VendorName, operation: string, count: string, hint?: string): VendorError {
  return new VendorError({
    vendor,
    operation,
    status: 200,
    vendorMessage: `the list holds ${count} jobs, over the ${MAX_LISTED_JOBS} a selector acts on; nothing was cancelled`,
    hint,
  });
}

/** One page as the adapter read it. */
export interface Page {
  jobs: JobStatus[];
  /** The token of the next page, `true` when more follow by page number, or undefined on the last page. */
  next: string | true | undefined;
}

/** What to read and how far. */
export interface Listing {
  vendor: VendorName;
  operation: string;
  maxPages: number;
  /** What the user can do instead when the list does not end. */
  hint: string;
  /** Reads page `n` (1-based) with the previous page's token; undefined when the container is gone (a 404). */
  page: (n: number, token: string | undefined) => Promise<Page | undefined>;
}

/**
 * Every job listed, de-duplicated by id. It stops at the last page, at a page that adds nothing new, or at a token
 * already followed; past `maxPages` pages or `MAX_LISTED_JOBS` jobs it throws a VendorError that says nothing was
 * cancelled.
 */
export async function listAll(listing: Listing): Promise<JobStatus[]> {
  const jobs = new Map<string, JobStatus>();
  const tokens = new Set<string>();
  let token: string | undefined;
  for (let n = 1; n <= listing.maxPages; n++) {
    const page = await listing.page(n, token);
    if (page === undefined) return [...jobs.values()];
    const before = jobs.size;
    for (const job of page.jobs) if (!jobs.has(job.id)) jobs.set(job.id, job);
    if (jobs.size > MAX_LISTED_JOBS)
      throw tooManyListed(listing.vendor, listing.operation, `${jobs.size} or more`, listing.hint);
    if (page.next === undefined || jobs.size === before) return [...jobs.values()];
    if (page.next !== true) {
      if (tokens.has(page.next)) return [...jobs.values()];
      tokens.add(page.next);
      token = page.next;
    }
  }
  throw new VendorError({
    vendor: listing.vendor,
    operation: listing.operation,
    status: 200,
    vendorMessage: `the list did not end within ${listing.maxPages} pages (${jobs.size} jobs); nothing was cancelled`,
    hint: listing.hint,
  });
}
