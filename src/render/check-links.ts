import { posix } from "node:path";
import type { FormattedPage } from "./markdown.js";

export interface BrokenLink {
  page: string;
  url: string;
  reason: string;
}

/** Every internal link resolves: to a page gitsm renders and, with a #fragment, to one of its headings. */
export function checkLinks(pages: ReadonlyMap<string, FormattedPage>): BrokenLink[] {
  const broken: BrokenLink[] = [];
  for (const [page, formatted] of pages) {
    for (const url of formatted.links) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(url)) {
        if (!/^(https?|mailto):/i.test(url))
          broken.push({ page, url, reason: "only http, https and mailto links are allowed" });
        continue;
      }
      const [path = "", fragment] = url.split("#");
      const target = path === "" ? page : posix.normalize(posix.join(posix.dirname(page), decodeURIComponent(path)));
      const other = pages.get(target);
      if (!other) broken.push({ page, url, reason: `${target} is not a rendered page` });
      else if (fragment !== undefined && !other.anchors.includes(fragment))
        broken.push({ page, url, reason: `${target} has no heading #${fragment}` });
    }
  }
  return broken;
}
