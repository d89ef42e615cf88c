// The modules of this deployment, lowest first. Only this list names them.
import type { KeelModule } from '../module';
import { accessModule } from './access';
import { customersModule } from './customers';
import { offboardingModule } from './offboarding';

export const defaultModules: KeelModule[] = [accessModule, customersModule, offboardingModule];
