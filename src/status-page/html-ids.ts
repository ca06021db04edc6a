// Names the HTML shell (html.ts) and the browser script (browser/main.ts) agree on.

/** The id of the `<script type="application/json">` holding an offline page's data. */
export const DATA_ELEMENT_ID = 'tiered-data';
