/** The report page's script and style: brotli-compressed JSON `{ script, style }`, base64. */
export declare const REPORT_ASSETS: string
