/** What command handlers may call: the use-cases, plus marking a person reachable on every use. */
import type { PersonRepository } from '../src/core/ports.js';
import { createUseCases, type UseCaseDeps, type UseCases } from '../src/core/use-cases/index.js';

export interface CommandServices extends UseCases {
  readonly people: Pick<PersonRepository, 'markReachable'>;
}

export function createCommandServices(deps: UseCaseDeps): CommandServices {
  return { ...createUseCases(deps), people: deps.people };
}
