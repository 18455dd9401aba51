/**
 * How each sweep is named and what its action is, in languages other than English.
 * English lives in each sweep's declaration (`title`, `wording`), which the engine
 * passes to the notice composer; a sweep missing here is written with its English
 * wording (a test checks that every registered sweep has its Japanese here).
 */
import type { Locale } from '../locale.js';

/** A sweep's name and action in one language. */
export interface SweepWording {
  /** e.g. "Idle SageMaker endpoints". */
  readonly title: string;
  /** What the action does, as the end of "The action of this sweep is to ...". */
  readonly description: string;
}

const JA: Readonly<Record<string, SweepWording>> = {
  'idle-endpoints': {
    title: 'アイドル状態の SageMaker エンドポイント',
    description:
      'エンドポイントを停止します (エンドポイント設定とモデルを残したままエンドポイントを削除するため、復元できます)。' +
      'アイドル状態の推論コンポーネントはコピー数を 0 にスケールします (復元するとコピー数が元に戻ります)',
  },
  'idle-notebooks': {
    title: 'アイドル状態の SageMaker ノートブックインスタンス',
    description: 'ノートブックインスタンスを停止します (ML ストレージボリュームとそのデータは残り、復元すると再び起動します)',
  },
  'orphan-volumes': {
    title: 'アタッチされていない EBS ボリューム',
    description: 'ボリュームのスナップショットを作成し、完了後にボリュームを削除します (復元時はスナップショットから再作成します)',
  },
  'runaway-training': {
    title: '暴走している SageMaker トレーニングジョブ',
    description:
      'チームで停止が有効になっている場合はトレーニングジョブを停止します (停止したジョブのモデルアーティファクトとチェックポイントは SageMaker に残ります。' +
      '復元すると同じ設定で新しいジョブを開始し、CheckpointConfig があればチェックポイントから再開します)。有効でない場合は通知のみ行います',
  },
  rightsizing: {
    title: 'ライトサイジングの推奨',
    description: 'より安価な構成を根拠とともにご提案します (適用はご自身で行ってください。このスイープがリソースを変更することはありません)',
  },
  'budget-guard': {
    title: 'チームの AI 予算',
    description:
      '予算月の終わりまで、チームのリソースにより厳しいスイープ設定 (budgets.teams[].tightened) を適用します。予算超過だけを理由に停止や削除を行うことはありません',
  },
  'tag-coverage': {
    title: '必須タグが不足している AI リソース',
    description:
      'autoAttribute が有効な場合、不足しているタグを、そのタグを持つ親リソース (エンドポイント設定またはモデル、インスタンス、パイプラインまたは実行ロール、カスタムモデル) からコピーします。' +
      '既存のタグは上書きしません (復元するとコピーしたタグだけを削除します)。有効でない場合は通知のみ行います',
  },
  'idle-provisioned-throughput': {
    title: 'アイドル状態の Bedrock プロビジョンドスループット',
    description:
      'コミットメントのないプロビジョンドスループットを削除します (名前・モデル・モデルユニット数・コミットメント・タグを台帳に残し、復元すると新しい ARN で再作成します)。' +
      'コミットメント期間中のものは期間が終わるまで通知のみ行います',
  },
  'studio-idle-settings': {
    title: 'アイドルシャットダウンが未設定の SageMaker Studio',
    description:
      'setIdleSettings が有効な場合、JupyterLab と Code Editor のアイドルシャットダウンを有効にします (LifecycleManagement ENABLED と設定された IdleTimeoutInMinutes。アプリ、スペース、ストレージには触れず、復元すると以前の設定に戻します)。有効でない場合は推奨のみ行います',
  },
  'idle-studio-apps': {
    title: 'アイドル状態の SageMaker Studio アプリ',
    description: 'Studio アプリを削除します (スペースまたはユーザープロファイルと、その EFS/EBS ホームとデータは残り、復元するとアプリを再作成します)',
  },
  'token-spend': {
    title: 'Bedrock トークン支出の急増',
    description: '急増や日次上限の超過を所有者に至急お知らせします (このスイープが停止、制限、変更を行うことはありません)',
  },
};

const BY_LOCALE: { readonly [L in Locale]: Readonly<Record<string, SweepWording>> } = { en: {}, ja: JA };

/**
 * A sweep's wording in `locale`, or `undefined` where the declaration's English applies.
 *
 * @example
 * sweepWording('ja', 'idle-endpoints')?.title // => 'アイドル状態の SageMaker エンドポイント'
 * sweepWording('en', 'idle-endpoints') // => undefined
 */
export function sweepWording(locale: Locale, sweep: string): SweepWording | undefined {
  return Object.hasOwn(BY_LOCALE[locale], sweep) ? BY_LOCALE[locale][sweep] : undefined;
}
