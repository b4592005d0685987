import { ModulePlaceholder } from '../components/ModulePlaceholder.js';

export default function TransportPage() {
  return (
    <ModulePlaceholder
      title="Transport"
      icon="transport"
      issue={5}
      tagline="Vehicle routes with time windows, a mixed fleet and electric range."
      description="The transport module will plan delivery and line-haul routes for a mixed fleet of diesel and electric vehicles, respecting time windows, vehicle capacity and battery range. Every plan will be re-simulated to prove it is feasible, and its emissions compared with a baseline plan, so the saving of each route change can be reported."
      capabilities={[
        'Route planning with time windows and capacities',
        'Electric vehicles with range and charging constraints',
        'Independent re-simulation of every plan',
        'Emissions of a plan against a baseline',
      ]}
      reportsIn={['km', 'kg CO2e', 'vehicles']}
    />
  );
}
