// placeholder, replaced by the build
export const ASSETS: Record<string, { type: string; body: string }> = {};
