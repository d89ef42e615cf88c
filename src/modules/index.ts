// The modules of this deployment, lowest first. Only this list names them.
import type { KeelModule } from '../module';
import { customersModule } from './customers';

export const defaultModules: KeelModule[] = [customersModule];
