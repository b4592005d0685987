import { ModulePlaceholder } from '../components/ModulePlaceholder.js';

export default function TargetsPage() {
  return (
    <ModulePlaceholder
      title="Targets"
      icon="targets"
      issue={10}
      tagline="The GHG inventory and progress against climate targets."
      description="The targets module will assemble the company's greenhouse-gas inventory by Scope 1, 2 and 3 from the other modules, set reduction targets against a base year, and show how far each green initiative (packaging, e-waybills, routing, reusables, recycling, solar) has moved the company towards them, with reports to export."
      capabilities={[
        'Scope 1, 2 and 3 inventory from the modules’ records',
        'Reduction targets against a base year',
        'Progress of each initiative in common units',
        'Exportable inventory and progress reports',
      ]}
      reportsIn={['t CO2e', '% of target']}
    />
  );
}
