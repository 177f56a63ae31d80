/**
 * The stable `--json` shapes documented in the README. Field names are part of the contract:
 * add fields, never rename or remove them.
 */
import { paperUrl, type Paper } from '../core/paper.js';

export interface PaperJson {
  id: string;
  title: string;
  url: string;
  upvotes: number;
  authors: string[];
  summary: string;
  githubRepo?: string;
  githubStars?: number;
  projectPage?: string;
  aiSummary?: string;
  aiKeywords: string[];
  organization?: string;
  numComments: number;
  publishedAt: string;
  dailyDate?: string;
}

export function paperJson(paper: Paper): PaperJson {
  return {
    id: paper.id,
    title: paper.title,
    url: paperUrl(paper.id),
    upvotes: paper.upvotes,
    authors: [...paper.authors],
    summary: paper.summary,
    ...(paper.githubRepo ? { githubRepo: paper.githubRepo } : {}),
    ...(paper.githubStars !== undefined ? { githubStars: paper.githubStars } : {}),
    ...(paper.projectPage ? { projectPage: paper.projectPage } : {}),
    ...(paper.aiSummary ? { aiSummary: paper.aiSummary } : {}),
    aiKeywords: [...paper.aiKeywords],
    ...(paper.organization ? { organization: paper.organization.name } : {}),
    numComments: paper.numComments,
    publishedAt: paper.publishedAt,
    ...(paper.dailyDate ? { dailyDate: paper.dailyDate } : {}),
  };
}
