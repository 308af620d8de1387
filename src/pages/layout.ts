import { html, type Fragment, type Html } from './html.js';

/** Who is signed in, as the page header shows it. */
export interface PageViewer {
  keyName: string;
  /** Counties the key may see; '*' for all. */
  counties: '*' | ReadonlySet<string>;
}

export interface Crumb {
  label: string;
  href?: string;
}

export interface PageOptions {
  title: string;
  viewer: PageViewer | null;
  crumbs?: readonly Crumb[];
  body: Fragment;
  /** Printed under the page: when the figures were computed and from what. */
  footnote?: Fragment;
}

export const SERVICE_NAME = '县域义务教育优质均衡发展监测与经费测算';

function header(viewer: PageViewer | null): Html {
  const who = viewer
    ? html`<div class="who"><span>已登录：${viewer.keyName}</span>
        <form method="post" action="/sign-out"><button type="submit">退出登录</button></form></div>`
    : html`<div class="who"><a href="/sign-in">登录</a></div>`;
  return html`<header class="site-header"><div class="inner">
    <a class="brand" href="/">${SERVICE_NAME}</a>
    <nav aria-label="站点"><a href="/">首页</a><a href="/docs">API 文档</a></nav>
    ${who}
  </div></header>`;
}

function crumbs(list: readonly Crumb[] | undefined): Html | null {
  if (!list || list.length === 0) return null;
  return html`<nav class="crumbs" aria-label="位置">${list.map(
    (c, i) => html`${i > 0 ? ' › ' : ''}${c.href ? html`<a href="${c.href}">${c.label}</a>` : html`<span aria-current="page">${c.label}</span>`}`,
  )}</nav>`;
}

/** A whole page: one stylesheet of the service's own, no scripts at all (pages work with JavaScript off). */
export function layout(options: PageOptions): Html {
  return html`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} · ${SERVICE_NAME}</title>
<link rel="stylesheet" href="/assets/report.css">
<link rel="icon" href="/assets/icon.svg" type="image/svg+xml">
</head>
<body>
<a class="skip-link" href="#main">跳到正文</a>
${header(options.viewer)}
<main id="main">
${crumbs(options.crumbs)}
${options.body}
</main>
<footer class="site-footer">${options.footnote ?? null}
<p>数据由各县系统通过 API 报送；页面上的每个数字都可通过 <a href="/docs">API</a> 以 JSON、CSV 或 Excel 取得并复核。</p></footer>
</body>
</html>`;
}
