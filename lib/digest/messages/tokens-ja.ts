/**
 * Japanese messages of the digest's token showback section, spread into the digest's
 * Japanese catalogue (`./ja.ts`). The type requires every key of {@link TOKENS_EN}.
 */
import type { CatalogueOf } from '../../format/index.js';
import type { TOKENS_EN } from './tokens-en.js';

export const TOKENS_JA: CatalogueOf<typeof TOKENS_EN> = {
  'tokens.title': 'AI トークン (Amazon Bedrock)',
  'tokens.total': '{tokens} トークン (入力 {input}、出力 {output})、{cost}、100 万トークンあたり {perMillion}',
  'tokens.wow': '先週: {cost}{change}',
  'tokens.share': 'AI 支出に占める割合: {share}',
  'tokens.share.unknown': '不明 (このダイジェストに AI 支出の数値がありません)',
  'tokens.none': '今週の Bedrock トークン使用はありません。',
  'tokens.unallocated': '未割り当て (タグのないプロファイル、モデルの直接呼び出し): {cost}',
  'tokens.unpriced': '{count} 件のモデルは金額が不明です (トークン数は集計し、別のモデルの価格は使いません):',
  'tokens.unavailable': '{region} は読み取れませんでした: {why}',
  'tokens.how':
    'トークン: AWS/Bedrock の InputTokenCount と OutputTokenCount の ModelId ごとの合計。金額: 入力トークン / 1,000 × 入力単価 + 出力トークン / 1,000 × 出力単価 (モデルとリージョンの価格)。チーム: アプリケーション推論プロファイルの team タグ。',
  'tokens.col.team': 'チーム',
  'tokens.col.model': 'モデル',
  'tokens.col.region': 'リージョン',
  'tokens.col.input': '入力',
  'tokens.col.output': '出力',
  'tokens.col.cost': '金額',
  'tokens.col.lastWeek': '先週',
  'tokens.col.perMillion': '$/100万',
  'tokens.html.col.team': 'チーム',
  'tokens.html.col.model': 'モデル',
  'tokens.html.col.region': 'リージョン',
  'tokens.html.col.input': '入力トークン',
  'tokens.html.col.output': '出力トークン',
  'tokens.html.col.cost': '金額',
  'tokens.html.col.lastWeek': '先週',
  'tokens.html.col.perMillion': '100 万トークンあたりの USD',
  'tokens.html.prices': '使用した価格',
};
