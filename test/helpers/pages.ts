import type { LightMyRequestResponse } from 'fastify';
import type { TestApp } from './app.js';

export interface PageBrowser {
  /** The session cookie, as a browser would send it back. */
  cookie: string;
  /** GET a page with the session cookie. */
  get(url: string): Promise<LightMyRequestResponse>;
}

/** Signs in to the report pages through the form, as a person would, with the given token (the admin's by default). */
export async function signInPages(h: TestApp, token: string = h.adminToken): Promise<PageBrowser> {
  const res = await h.app.inject({
    method: 'POST',
    url: '/sign-in',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ token }).toString(),
  });
  const set = res.cookies.find((c) => c.name === 'edu_session');
  if (res.statusCode !== 303 || !set) throw new Error(`sign-in failed: ${res.statusCode} ${res.body.slice(0, 200)}`);
  const cookie = `edu_session=${set.value}`;
  return { cookie, get: (url) => h.app.inject({ method: 'GET', url, headers: { cookie } }) };
}
