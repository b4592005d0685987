import { ModulePlaceholder } from '../components/ModulePlaceholder.js';

export default function ReusablesPage() {
  return (
    <ModulePlaceholder
      title="Reusables"
      icon="reusables"
      issue={7}
      tagline="A pool of reusable boxes tracked with GS1 identifiers and EPCIS events."
      description="The reusables module will track a pool of RFID-tagged reusable boxes through an EPCIS 2.0 event repository: where each box is, how many trips it has made and how many are lost. It will compare the footprint of a reusable box over its life with the single-use boxes it replaces."
      capabilities={[
        'GS1 identifiers (GRAI) for every reusable box',
        'EPCIS 2.0 capture and query of box events',
        'Pool status: boxes in use, at stations, lost',
        'Trips per box and single-use boxes avoided',
      ]}
      reportsIn={['boxes avoided', 'kg board', 'kg CO2e']}
    />
  );
}
