import { describeLedgerContract } from '../../support/ledger-contract.js';
import { MemoryLedger } from '../../support/memory-ledger.js';

describeLedgerContract('in memory', async () => new MemoryLedger());
