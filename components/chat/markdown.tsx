"use client";
/**
 * Model output is untrusted input. react-markdown builds React elements (never innerHTML) and, without
 * rehype-raw, shows raw HTML as text; links are kept only for http(s), and images become plain links so a reply
 * cannot load a tracking pixel.
 */
import { memo } from "react";
import ReactMarkdown, { type Components } from "react-markdown";
import remarkGfm from "remark-gfm";
import rehypeHighlight from "rehype-highlight";
import { CodeBlock } from "./code-block";
import "./markdown.css";

export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    return u.protocol === "http:" || u.protocol === "https:" ? url : "";
  } catch {
    return "";
  }
}

// react-markdown builds its processor on every render, and rehype-highlight's attacher registers all of
// lowlight's common languages each time it runs (2–5 ms, on every token of a streaming reply). The transformer is
// built once here and handed out by a plugin that only returns it.
const highlight = rehypeHighlight({ detect: false });
const remarkPlugins = [remarkGfm];
const rehypePlugins = [() => highlight];

const components: Components = {
  a: ({ href, children }) =>
    href ? (
      <a href={href} target="_blank" rel="noopener noreferrer nofollow" className="text-sky-700 underline dark:text-sky-400">
        {children}
      </a>
    ) : (
      <span>{children}</span>
    ),
  img: ({ src, alt }) =>
    typeof src === "string" && src ? (
      <a href={src} target="_blank" rel="noopener noreferrer nofollow" className="text-sky-700 underline dark:text-sky-400">
        {alt || "image"}
      </a>
    ) : (
      <span>{alt}</span>
    ),
  pre: ({ children }) => <CodeBlock>{children}</CodeBlock>,
  table: ({ children }) => (
    <div className="my-3 overflow-x-auto">
      <table className="min-w-full border-collapse text-sm">{children}</table>
    </div>
  ),
};

function MarkdownImpl({ text }: { text: string }) {
  return (
    <div className="markdown">
      <ReactMarkdown
        remarkPlugins={remarkPlugins}
        rehypePlugins={rehypePlugins}
        urlTransform={safeUrl}
        components={components}
        skipHtml={false}
      >
        {text}
      </ReactMarkdown>
    </div>
  );
}

export const Markdown = memo(MarkdownImpl);
