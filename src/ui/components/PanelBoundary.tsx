import { Component, type ErrorInfo, type ReactNode } from 'react';
import { i18next } from '../i18n/index.ts';
import { useAppStore } from '../store/index.ts';
import { FAULTS } from '../env.ts';
import { TEST_BUILD } from '../../shared/build.ts';

interface Props {
  /** What the panel shows, for the message: "the prediction", "the model status"… */
  readonly name: string;
  /** Test id suffix and fault name (`?test&faults=crash-<id>` makes the panel throw once, test builds only). */
  readonly id: string;
  /** A one-line fallback (for the header) instead of a panel. */
  readonly inline?: boolean;
  readonly children: ReactNode;
}

interface State {
  readonly error: Error | null;
}

/** Panels whose `crash-<id>` fault the user has recovered from (React retries a failed render once, so it must keep failing until then). */
const recovered = new Set<string>();

function InjectedCrash({ id }: { id: string }): null {
  if (!recovered.has(id)) throw new Error(`injected fault crash-${id}`);
  return null;
}

/**
 * Keeps one panel's failure to itself: whatever throws while rendering it, the rest of the page
 * stays, and this panel says what failed with a way back — reload the shipped model (the usual
 * cause is a model or its metadata) or simply try the panel again.
 */
export class PanelBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error(`LeNet Lab: the ${this.props.id} panel failed`, error, info.componentStack);
  }

  private readonly reloadShipped = (): void => {
    const { model } = useAppStore.getState();
    model.actions.request({ kind: 'shipped', variant: model.variant });
    recovered.add(this.props.id);
    this.setState({ error: null });
  };

  private readonly retry = (): void => {
    recovered.add(this.props.id);
    this.setState({ error: null });
  };

  override render(): ReactNode {
    const { error } = this.state;
    const { name, id, inline, children } = this.props;
    if (!error) {
      return (
        <>
          {TEST_BUILD && FAULTS.includes(`crash-${id}`) && <InjectedCrash id={id} />}
          {children}
        </>
      );
    }
    const body = (
      <>
        <span>
          {i18next.t('panel.failed', { name })} <code>{error.message}</code>.{' '}
        </span>
        <button type="button" onClick={this.reloadShipped} data-testid={`panel-reload-${id}`}>
          {i18next.t('panel.reloadShipped')}
        </button>{' '}
        <button type="button" onClick={this.retry}>
          {i18next.t('panel.tryAgain')}
        </button>
      </>
    );
    return inline ? (
      <div className="panel-failed inline" role="alert" data-testid={`panel-error-${id}`}>
        {body}
      </div>
    ) : (
      <section className="panel panel-failed" role="alert" data-testid={`panel-error-${id}`}>
        <h2>{name[0]?.toUpperCase() + name.slice(1)}</h2>
        <p>{body}</p>
      </section>
    );
  }
}
